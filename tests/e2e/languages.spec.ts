import { expect, test } from '@playwright/test';
import { seedVisible } from './helpers';

test('Spanish by default; English and French one tap away, and the choice is kept', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await expect(page.getByRole('heading', { name: 'Proyectos' })).toBeVisible();
  await seedVisible(page);

  await page.getByLabel('Idioma').selectOption('en');
  await expect(page.getByRole('heading', { name: 'Projects' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Settings' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  // Stored titles follow the language too.
  await expect(page.getByRole('link', { name: /Extending social security/ })).toBeVisible();

  await page.getByLabel('Language').selectOption('fr');
  await expect(page.getByRole('heading', { name: 'Projets' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Réglages' })).toBeVisible();

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Projets' })).toBeVisible();
  await page.getByRole('link', { name: /sécurité sociale/ }).first().click();
  await expect(page.getByRole('heading', { name: 'Données du projet' })).toBeVisible();
  await expect(page.getByText('Cible ODD 1.3')).toBeVisible();
});

test('a title missing in the chosen language falls back visibly to another', async ({ page }) => {
  await page.goto('/#/projects/new');
  await page.getByRole('textbox', { name: 'Código', exact: true }).fill('TST/1');
  await page.getByLabel('En español').first().fill('Solo en español');
  await page.getByRole('button', { name: 'Guardar' }).click();
  await expect(page.getByRole('heading', { name: 'Solo en español' })).toBeVisible();

  await page.getByLabel('Idioma').selectOption('en');
  const heading = page.getByRole('heading', { level: 1 });
  await expect(heading).toContainText('Solo en español');
  await expect(heading.locator('abbr')).toHaveText('ES');
  await expect(heading.locator('span[lang="es"]')).toHaveText('Solo en español');
});
