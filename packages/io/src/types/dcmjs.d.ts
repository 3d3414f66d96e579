// The part of dcmjs (which ships no types) that hemocam uses: its data-set dictionary and Part 10 writer/reader.
declare module 'dcmjs' {
  type Naturalized = Record<string, unknown>;
  interface DicomDictInstance {
    dict: Record<string, unknown>;
    meta: Record<string, unknown>;
    write(options?: { allowInvalidVRLength?: boolean }): ArrayBuffer;
  }
  const dcmjs: {
    data: {
      DicomDict: new (meta: Record<string, unknown>) => DicomDictInstance;
      DicomMessage: { readFile(buffer: ArrayBuffer): DicomDictInstance };
      DicomMetaDictionary: {
        denaturalizeDataset(dataset: Naturalized): Record<string, unknown>;
        naturalizeDataset(dataset: Record<string, unknown>): Naturalized;
      };
    };
    log: { setLevel(level: string): void };
  };
  export default dcmjs;
}
