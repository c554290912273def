/** Markup an attacker would put into announcement text (title, description): it must stay text everywhere. */
export const XSS_PAYLOADS = {
  title: '<script>alert("title")</script>道路改造<img src=x onerror=alert(1)>',
  description: [
    '一、项目概况 <script>alert(document.cookie)</script>',
    '<img src=x onerror="alert(\'description\')">',
    '<a href="javascript:alert(2)">招标文件下载</a> javascript:alert(3)',
    '"><svg onload=alert(4)>',
  ].join('\n'),
};
