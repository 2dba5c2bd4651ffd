import { defineStrings } from '../../lib/i18n';

export const onboardingStrings = defineStrings({
  title: { en: 'Welcome to Wan Studio', 'zh-CN': '欢迎使用万相工作室' },
  simulator: {
    en: 'Until you add a provider, pictures come from the built-in offline simulator: free placeholder images made on this computer, with nothing sent to Alibaba Cloud.',
    'zh-CN': '在添加服务商之前,图片来自内置的离线模拟器:在本机生成的免费示意图,不会向阿里云发送任何内容。',
  },
  lead: {
    en: 'To make real images with Wan 2.7, add a provider and its API key.',
    'zh-CN': '如需用万相 2.7 生成真实图片,请添加服务商及其 API 密钥。',
  },
  provider: { en: 'Provider', 'zh-CN': '服务商' },
  whereKey: { en: 'Where to get a key', 'zh-CN': '如何获取密钥' },
  keyDashscope: {
    en: 'Create an API key in the {region} console of Alibaba Cloud Model Studio:',
    'zh-CN': '请在阿里云百炼控制台创建 API 密钥,地域为{region}:',
  },
  keyGateway: {
    en: 'Your gateway’s dashboard gives you the key; its base URL usually ends in /v1.',
    'zh-CN': '密钥可在网关的管理后台获取;其接口地址通常以 /v1 结尾。',
  },
  opensInBrowser: { en: '(opens in your browser)', 'zh-CN': '(在浏览器中打开)' },
  keyMissing: { en: 'Paste the API key first.', 'zh-CN': '请先粘贴 API 密钥。' },
  saveAndTest: { en: 'Save and test connection', 'zh-CN': '保存并测试连接' },
  testing: { en: 'Testing the connection…', 'zh-CN': '正在测试连接…' },
  testOk: {
    en: 'Connected in {ms} ms. “{name}” is now the provider in use.',
    'zh-CN': '连接成功,耗时 {ms} 毫秒。现在使用“{name}”。',
  },
  testFailed: {
    en: 'The connection test failed: {reason} The provider is saved but not in use; correct the key or URL and test again.',
    'zh-CN': '连接测试失败:{reason} 服务商已保存但未启用;请更正密钥或地址后再次测试。',
  },
  keepSimulator: { en: 'Keep using the simulator', 'zh-CN': '继续使用模拟器' },
  startCreating: { en: 'Start creating', 'zh-CN': '开始创作' },
  showAgain: { en: 'Set up a provider', 'zh-CN': '设置服务商' },
  showAgainHint: {
    en: 'Shows the welcome again: choose a provider, where to get a key, and a connection test.',
    'zh-CN': '再次显示欢迎向导:选择服务商、获取密钥并测试连接。',
  },
});
