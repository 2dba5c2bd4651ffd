import { defineStrings } from '../../lib/i18n';

export const priceStrings = defineStrings({
  section: { en: 'Prices and budget', 'zh-CN': '价格与预算' },
  hint: {
    en: 'The price per image the Usage screen and batch estimates use, per provider and model. Defaults come from Alibaba Cloud’s public prices and may be out of date: check your provider’s bill and correct them here.',
    'zh-CN':
      '“用量”页面和批量估算所用的每张图片价格(按服务商和模型)。默认值来自阿里云公开价格,可能已过时:请对照服务商账单在此修改。',
  },
  provider: { en: 'Provider', 'zh-CN': '服务商' },
  model: { en: 'Model', 'zh-CN': '模型' },
  perImage: { en: 'Price per image', 'zh-CN': '每张价格' },
  currency: { en: 'Currency', 'zh-CN': '币种' },
  currencyHint: {
    en: 'A provider bills in one currency: changing it applies to all its models.',
    'zh-CN': '同一服务商只用一种币种计费:修改后对其所有模型生效。',
  },
  isDefault: { en: 'Default', 'zh-CN': '默认' },
  isCustom: { en: 'Edited', 'zh-CN': '已修改' },
  reset: { en: 'Reset to default', 'zh-CN': '恢复默认' },
  priceFor: { en: '{model} at {provider}', 'zh-CN': '{provider} 的 {model}' },
  invalidPrice: { en: 'Enter a price of 0 or more.', 'zh-CN': '请输入不小于 0 的价格。' },
  invalidCurrency: {
    en: 'Enter a three-letter currency code such as USD or CNY.',
    'zh-CN': '请输入三个字母的币种代码,如 USD 或 CNY。',
  },
  budget: { en: 'Monthly budget', 'zh-CN': '每月预算' },
  budgetHint: {
    en: 'Optional. Generate and batches ask first when they would take this month past it. Leave empty for no budget.',
    'zh-CN': '可选。当本月费用将超出预算时,生成和批量任务会先询问。留空表示不设预算。',
  },
  budgetCurrency: { en: 'Budget currency', 'zh-CN': '预算币种' },
  saved: { en: 'Saved', 'zh-CN': '已保存' },
  loadFailed: { en: 'Prices could not be loaded: {reason}', 'zh-CN': '无法加载价格:{reason}' },
});
