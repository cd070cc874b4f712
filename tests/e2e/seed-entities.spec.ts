// The seed project's case list shows end to end on a new installation: the indicator
// counted from the sample workers, offline, with its figure by sex.
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
  await expect(page.getByTestId('computed-value')).toHaveText(share());
  const row = (name: string) => page.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
  await expect(row('Mujer').getByRole('cell').first()).toHaveText(share('female'));
  await expect(row('Hombre').getByRole('cell').first()).toHaveText(share('male'));
});
