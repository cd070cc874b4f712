// A choice as the widgets show it: its name (the stored value) and its label in the
// interface language.
export interface Option {
  name: string;
  label: string;
}

export type ChoiceLayout = 'list' | 'horizontal' | 'compact' | 'likert' | 'table';
