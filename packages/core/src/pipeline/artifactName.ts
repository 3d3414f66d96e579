/** What an artifact may be called: it becomes part of file names (`<case>_<artifact>.nii.gz`). */
export const ARTIFACT_NAME = /^[A-Za-z][A-Za-z0-9]*$/;
