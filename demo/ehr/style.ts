// The demo EHR's look: a sober hospital-system layout (blue top bar, patient banner, tabs, side panel).
export const EHR_CSS = `
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:15px;color:#1b2733;background:#f3f5f7}
a{color:#0a4f96}
.topbar{display:flex;align-items:center;gap:1.5rem;background:#12395f;color:#fff;padding:.5rem 1rem}
.topbar a{color:#fff;text-decoration:none}.brand{font-weight:700}.brand span{font-weight:400;opacity:.8;margin-left:.3rem}
.topbar nav{flex:1}.user{display:flex;gap:.5rem;align-items:center}.user select{font-size:.9rem;padding:.2rem}
main{padding:1rem 1.25rem}
h1{font-size:1.3rem;margin:.2rem 0 1rem}h2{font-size:1.05rem;margin:1rem 0 .5rem}
.ward{background:#fff;border:1px solid #d5dde5;border-radius:6px;margin-bottom:1rem;padding:.5rem 1rem}
.ward h2 .count{background:#e3eaf1;border-radius:999px;padding:0 .5rem;font-size:.85rem;font-weight:400}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e6ebf0}
th{font-size:.85rem;color:#4a5a6a;font-weight:600}
.empty,.muted{color:#5b6b7b}.muted{font-size:.85rem}
.banner{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 2rem;background:#fff;border:1px solid #c9d3dd;border-left:6px solid #12395f;border-radius:6px;padding:.6rem 1rem;margin-bottom:1rem}
.banner h1{margin:0;font-size:1.35rem}.deceased{color:#fff;background:#333;border-radius:4px;padding:.1rem .5rem;margin-left:.5rem;font-size:.85rem}
.banner-facts{display:flex;flex-wrap:wrap;gap:.25rem 1.5rem;margin:0}.banner-facts dt{font-size:.75rem;color:#5b6b7b;text-transform:uppercase;letter-spacing:.03em}
.banner-facts dd{margin:0;font-weight:600}.banner-actions{margin-left:auto;display:flex;gap:.75rem;align-items:center}
button.launch{background:#6b2c91;color:#fff;border:0;border-radius:5px;padding:.5rem .9rem;font-size:.95rem;cursor:pointer}
button.launch-ward{font-size:.8rem;padding:.25rem .6rem;margin-left:.75rem;vertical-align:middle}
.chart-body{display:flex;gap:1rem;align-items:flex-start}.chart-content{flex:1;min-width:0;background:#fff;border:1px solid #d5dde5;border-radius:6px;padding:.5rem 1rem}
.tabs{display:flex;gap:.25rem;border-bottom:1px solid #d5dde5}
.tabs button{background:none;border:0;border-bottom:3px solid transparent;padding:.5rem .75rem;font-size:.95rem;cursor:pointer;color:#1b2733}
.tabs button[aria-selected=true]{border-bottom-color:#12395f;font-weight:600}
.app-panel{width:400px;flex:none;background:#fff;border:1px solid #c9d3dd;border-radius:6px;overflow:hidden}
.app-panel-head{display:flex;justify-content:space-between;align-items:center;background:#6b2c91;color:#fff;padding:.35rem .75rem}
.app-panel .close{background:none;border:0;color:#fff;font-size:1.3rem;cursor:pointer}
.app-panel iframe{width:100%;height:75vh;border:0;display:block}
.wards-head{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;margin-bottom:1rem}.wards-head h1{margin:.2rem 0}
.app-panel.app-panel--wide{width:min(760px,60vw)}
.demo-note{font-size:.8rem;color:#5b6b7b;padding:1rem 1.25rem}
`;
