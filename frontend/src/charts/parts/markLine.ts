// One kind of series or marker, registered when a chart first needs it (see ../parts.ts).
import { MarkLineComponent } from "echarts/components";
import { use as register } from "echarts/core";

register([MarkLineComponent]);
