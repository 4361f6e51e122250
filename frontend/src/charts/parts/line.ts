// One kind of series or marker, registered when a chart first needs it (see ../parts.ts).
import { LineChart } from "echarts/charts";
import { use as register } from "echarts/core";

register([LineChart]);
