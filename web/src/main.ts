import {
  ElAlert, ElBadge, ElButton, ElCard, ElCheckbox, ElCollapse, ElCollapseItem, ElConfigProvider, ElDatePicker, ElDescriptions, ElDescriptionsItem, ElDialog, ElEmpty, ElForm, ElFormItem, ElInput, ElInputNumber, ElOption,
  ElPopconfirm, ElProgress, ElRadio, ElRadioGroup, ElSelect, ElTable, ElTableColumn, ElTabPane, ElTabs, ElTag, ElTimeline, ElTimelineItem,
} from 'element-plus';
import 'element-plus/dist/index.css';
import { createApp } from 'vue';
import App from './App.vue';
import { router } from './router';

/** Only the components the pages use are registered, so the rest of Element Plus stays out of the bundle. */
const COMPONENTS = [
  ElAlert, ElBadge, ElButton, ElCard, ElCheckbox, ElCollapse, ElCollapseItem, ElConfigProvider, ElDatePicker, ElDescriptions, ElDescriptionsItem, ElDialog, ElEmpty, ElForm, ElFormItem, ElInput, ElInputNumber, ElOption,
  ElPopconfirm, ElProgress, ElRadio, ElRadioGroup, ElSelect, ElTable, ElTableColumn, ElTabPane, ElTabs, ElTag, ElTimeline, ElTimelineItem,
];

const app = createApp(App).use(router);
for (const component of COMPONENTS) app.use(component);
app.mount('#app');
