// Shared by the pre-paint script in the root layout and the theme toggle.
export const THEME_STORAGE_KEY = "queuescope-theme";
