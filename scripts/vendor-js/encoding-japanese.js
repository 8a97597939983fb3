// Entry of the vendored encoding library: Shift_JIS (cp932) for CSV downloads.
import Encoding from "encoding-japanese";
export default Encoding;
export const { convert, stringToCode, codeToString, detect } = Encoding;
