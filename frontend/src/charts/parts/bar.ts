// One kind of series or marker, registered when a chart first needs it (see ../parts.ts).
import { BarChart } from "echarts/charts";
import { use as register } from "echarts/core";

register([BarChart]);
