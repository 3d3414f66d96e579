/** What `hemocam info --json` prints, as far as the tests read it. */
export interface InfoJson {
  dims: number[];
  spacing: number[];
  affine: number[][];
  datatype: string;
  orientation: string;
  min: number;
  max: number;
}
