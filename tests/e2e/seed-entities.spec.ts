// The seed project's case list shows end to end on a new installation: the indicator
// counted from the sample workers, offline, with its figure by sex, and read as a
// count of the case list rather than a survey sample.
import { expect, test } from '@playwright/test';
import { SEED_WORKERS_INDICATOR_ID } from '../../src/lib/domain/seed-records';
import { SEED_WORKER_RECORDS } from '../../src/lib/domain/seed-workers';
import type { EntityData } from '../../src/lib/domain/types';
import { openControlled, seedVisible } from './helpers';

const workers = SEED_WORKER_RECORDS.filter((r) => r.kind === 'entity').map((r) => r.data as EntityData);
const share = (sex?: string) => {
  const group = workers.filter((w) => !sex || w.properties.sex === sex);
  const rate = group.filter((w) => w.properties.isss_status === 'affiliated').length / group.length;
  return new Intl.NumberFormat('es', { style: 'percent', maximumFractionDigits: 1 }).format(rate);
};

test('the seeded indicator of registered workers affiliated to ISSS is counted from the case list, offline', async ({ page, context }) => {
  await openControlled(page);
  await seedVisible(page);
  await context.setOffline(true);
  await page.goto(`/#/indicators/${SEED_WORKERS_INDICATOR_ID}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Personas trabajadoras registradas afiliadas al ISSS' })).toBeVisible();
  // What the officer reads: a figure from the case list, every worker counted, not a sample.
  await expect(page.getByRole('heading', { level: 2, name: 'Valor actual según la lista de casos' })).toBeVisible();
  await expect(page.getByTestId('computed-value')).toHaveText(share());
  await expect(page.getByText(`n = ${workers.length} registrados en la lista`)).toBeVisible();
  await expect(page.getByRole('note')).toHaveText(
    'Cuenta cada caso registrado en este dispositivo con sus datos de la última visita: no es una muestra.',
  );
  await expect(page.getByText('Valor actual según la encuesta')).toHaveCount(0);
  await expect(page.getByText(/muestra de campo sin ponderar/)).toHaveCount(0);
  const row = (name: string) => page.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
  await expect(row('Mujer').getByRole('cell').first()).toHaveText(share('female'));
  await expect(row('Hombre').getByRole('cell').first()).toHaveText(share('male'));
});
