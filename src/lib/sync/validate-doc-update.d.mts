// Types of validate-doc-update.mjs.
export const VALIDATE_DOC_UPDATE_SOURCE: string;
export const DESIGN_DOC_ID: string;
