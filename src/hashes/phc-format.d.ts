// @phc/format ships no types; this is the subset of its API we use.
declare module '@phc/format' {
  export interface PhcObject {
    id: string;
    version?: number;
    params?: Record<string, string | number>;
    salt?: Buffer;
    hash?: Buffer;
  }
  export function serialize(opts: PhcObject): string;
  export function deserialize(phc: string): PhcObject;
  const phc: { serialize: typeof serialize; deserialize: typeof deserialize };
  export default phc;
}
