// Which screen shows each route, with its props. Every screen is its own chunk, so the
// first screen loads only what it shows (budget: 90 KB of JavaScript, gzip, in at most
// 8 files); the service worker precaches them all for offline use.
import type { Component } from 'svelte';
import type { Route } from '../lib/state/routes';
// The first screen ships in the entry chunk: no request of its own.
import ProjectsPage from './projects/ProjectsPage.svelte';

// Props differ per screen; each entry below passes the ones its screen declares.
type AnyComponent = Component<any>;

export interface PageView {
  /** Changes when the screen must be mounted afresh (another record). */
  key: string;
  load: () => Promise<{ default: AnyComponent }>;
  props: Record<string, unknown>;
  /** The first screen needs only its own strings; any other waits for the rest of start-up. */
  firstScreen?: true;
}

export function pageFor(route: Route): PageView | null {
  switch (route.name) {
    case 'projects':
      return { key: 'projects', load: () => Promise.resolve({ default: ProjectsPage }), props: {}, firstScreen: true };
    case 'project':
      return { key: `project/${route.id}`, load: () => import('./project/ProjectPage.svelte'), props: { id: route.id } };
    case 'project-new':
      return { key: 'project-new', load: () => import('./project-edit/ProjectEditPage.svelte'), props: {} };
    case 'project-edit':
      return { key: `project-edit/${route.id}`, load: () => import('./project-edit/ProjectEditPage.svelte'), props: { id: route.id } };
    case 'dashboard':
      return { key: `dashboard/${route.id}`, load: () => import('./dashboard/DashboardPage.svelte'), props: { id: route.id } };
    case 'outcome-new':
      return { key: `outcome-new/${route.projectId}`, load: () => import('./outcome-edit/OutcomeEditPage.svelte'), props: { projectId: route.projectId } };
    case 'outcome-edit':
      return { key: `outcome-edit/${route.id}`, load: () => import('./outcome-edit/OutcomeEditPage.svelte'), props: { id: route.id } };
    case 'indicator-new':
      return { key: `indicator-new/${route.outcomeId}`, load: () => import('./indicators/IndicatorEditPage.svelte'), props: { outcomeId: route.outcomeId } };
    case 'indicator':
      return { key: `indicator/${route.id}`, load: () => import('./indicators/IndicatorPage.svelte'), props: { id: route.id } };
    case 'indicator-edit':
      return { key: `indicator-edit/${route.id}`, load: () => import('./indicators/IndicatorEditPage.svelte'), props: { id: route.id } };
    case 'settings':
      return { key: 'settings', load: () => import('./settings/SettingsPage.svelte'), props: {} };
    case 'forms':
      return { key: 'forms', load: () => import('./forms/FormsPage.svelte'), props: {} };
    case 'form-import':
      return { key: 'form-import', load: () => import('./form-import/FormImportPage.svelte'), props: {} };
    case 'fill-new':
      return {
        key: `fill-new/${route.formId}/${route.followUp?.list ?? ''}/${route.followUp?.entityId ?? ''}`,
        load: () => import('./fill/FillPage.svelte'),
        props: { formId: route.formId, followUp: route.followUp },
      };
    case 'fill':
      return { key: `fill/${route.responseId}`, load: () => import('./fill/FillPage.svelte'), props: { responseId: route.responseId } };
    case 'responses':
      return { key: `responses/${route.formId}`, load: () => import('./responses/ResponsesPage.svelte'), props: { formId: route.formId } };
    case 'response':
      return { key: `response/${route.id}`, load: () => import('./response/ResponsePage.svelte'), props: { id: route.id } };
    case 'bundles':
      return { key: 'bundles', load: () => import('./bundles/BundlesPage.svelte'), props: {} };
    case 'bundle-import':
      return { key: 'bundle-import', load: () => import('./bundle-import/BundleImportPage.svelte'), props: {} };
    case 'entity-lists':
      return { key: 'entity-lists', load: () => import('./entities/EntityListsPage.svelte'), props: {} };
    case 'entity-list':
      return { key: `entity-list/${route.list}`, load: () => import('./entities/EntityListPage.svelte'), props: { list: route.list } };
    case 'entity':
      return {
        key: `entity/${route.list}/${route.entityId}`,
        load: () => import('./entities/EntityPage.svelte'),
        props: { list: route.list, entityId: route.entityId },
      };
    case 'not-found':
      return null;
  }
}
