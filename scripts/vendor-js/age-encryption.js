// Entry of the vendored age library: what the station's pages use.
export { generateIdentity, identityToRecipient, Encrypter, Decrypter } from "age-encryption";
