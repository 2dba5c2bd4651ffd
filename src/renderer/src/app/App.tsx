export function App() {
  return (
    <main className="app-shell">
      <h1 className="app-title">
        Wan Studio <span lang="zh-CN">万相工作室</span>
      </h1>
      <p className="app-subtitle">Create, browse and keep images made with Alibaba’s Wan 2.7 models.</p>
    </main>
  );
}
