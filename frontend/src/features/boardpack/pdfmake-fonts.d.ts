/** pdfmake ships its standard-font metrics as plain scripts without types. */
declare module "pdfmake/build/standard-fonts/Helvetica" {
  import type { TFontContainer } from "pdfmake/interfaces";
  const container: TFontContainer;
  export default container;
}
