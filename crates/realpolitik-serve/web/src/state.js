// What the page knows: the open model, its text as last saved, the latest answer and views.

export const state = {
  name: "", version: "", editable: false, exists: true, savedText: "",
  quick: 200, full: 2000, seq: 0,
  graph: null, views: null, answer: null, templates: [],
  selectedLink: null, selectedFactor: null,
};

// The evidence a judgment drawn in the page starts with, for the analyst to replace.
export const PLACEHOLDER = "Set in the workbench: say why, or cite a passage.";

// The link weights the page offers as terms, strongest negative to strongest positive.
export const TERMS = ["-very_strong", "-strong", "-medium", "-weak", "-very_weak", "0",
  "+very_weak", "+weak", "+medium", "+strong", "+very_strong"];

export const ROLES = ["lever", "trigger", "mechanism", "outcome"];
