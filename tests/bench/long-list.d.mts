import type { FormData } from '../../src/lib/domain/types';

export declare const LONG_LIST_FORM_ID: string;
export declare const VILLAGES: number;
export declare const DEPARTMENTS: number;
export declare function villageLabel(i: number): string;
export declare function villageDepartment(i: number): string;
export declare function generateLongListForm(options?: { filtered?: boolean; villages?: number }): FormData;
