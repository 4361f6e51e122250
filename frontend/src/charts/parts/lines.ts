// One kind of series or marker, registered when a chart first needs it (see ../parts.ts).
import { LinesChart } from "echarts/charts";
import { use as register } from "echarts/core";

register([LinesChart]);
