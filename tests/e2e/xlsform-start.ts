// What the XLSForm specs share: a workbook imported offline through the import screen,
// saved, and an interview of it started.
import { expect, type Page } from '@playwright/test';
import { writeXlsx, type SheetSpec } from '../unit/fixtures/xlsx';
import { openControlled } from './helpers';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Imports the sheets offline; `check` looks at the import screen before the form is saved. Returns the new response's id. */
export async function startXlsForm(page: Page, file: string, sheets: SheetSpec[], title: string, check?: () => Promise<void>): Promise<string> {
  await openControlled(page);
  await page.context().setOffline(true);
  await page.getByRole('link', { name: 'Encuestas' }).click();
  await page.getByRole('link', { name: 'Importar XLSForm' }).click();
  await page.getByLabel(/^Archivo XLSForm/).setInputFiles([{ name: file, mimeType: XLSX_TYPE, buffer: Buffer.from(writeXlsx(sheets)) }]);
  await expect(page.getByText('El formulario se puede usar.')).toBeVisible();
  await check?.();
  await page.getByRole('button', { name: 'Guardar formulario' }).click();
  await expect(page).toHaveURL(/#\/forms$/);
  await page.getByRole('link', { name: `Iniciar entrevista: ${title}` }).click();
  await expect(page).toHaveURL(/#\/fill\/[0-9a-f-]{36}$/);
  return page.url().split('/').pop()!;
}
