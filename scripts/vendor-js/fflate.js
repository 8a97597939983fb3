// Entry of the vendored zip library: reading a bundle's zip.
export { unzipSync, zipSync, strFromU8, strToU8 } from "fflate";
