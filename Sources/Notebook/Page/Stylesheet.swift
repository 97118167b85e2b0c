/// The stylesheet of every page (linked as `assets/ticketbook.css` in a site, inlined in a
/// self-contained page): layout, typography, cells, figures (the wide or the narrow layout of a
/// plot by the figure's width), badges, code colours, a dark scheme that follows the reader's
/// system setting, and a print style that leaves out the run log, the appendix and folded
/// code and keeps figures whole.
enum Stylesheet {
  /// The whole stylesheet, minified by hand (one rule per line, so a diff stays readable).
  static let css = """
    :root{color-scheme:light dark;--bg:#fcfcfb;--fg:#1d2125;--muted:#5b636c;--faint:#f0f2f4;\
    --border:#d9dde1;--accent:#0a5fbf;--code-bg:#f5f6f8;--out-bg:transparent;--pass:#17703a;\
    --pass-bg:#eaf6ee;--fail:#b42318;--fail-bg:#fdeeec;--warn:#7a4d00;--warn-bg:#fff5df;\
    --kw:#a3236d;--str:#0d6a4c;--num:#1549a8;--com:#687078;--typ:#6435b8;--attr:#a64f00;\
    --esc:#b8331f;--sans:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Ubuntu,Cantarell,\
    "Helvetica Neue",Arial,sans-serif;--mono:ui-monospace,"SF Mono","Cascadia Mono",\
    "JetBrains Mono","DejaVu Sans Mono",Menlo,Consolas,monospace}
    @media (prefers-color-scheme:dark){:root{--bg:#14171a;--fg:#e3e6e9;--muted:#9ba4ae;\
    --faint:#1f2428;--border:#343b42;--accent:#74b4ff;--code-bg:#1b1f23;--out-bg:transparent;\
    --pass:#5bd275;--pass-bg:#11281a;--fail:#ff8a80;--fail-bg:#2e1618;--warn:#e8b64a;\
    --warn-bg:#2a2311;--kw:#ff7ab6;--str:#7fdcb5;--num:#9fc8ff;--com:#8d96a0;--typ:#cfa8ff;\
    --attr:#ffad66;--esc:#ff9d8f}}
    *,*::before,*::after{box-sizing:border-box}
    html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
    body{margin:0;background:var(--bg);color:var(--fg);font:1.0625rem/1.65 var(--sans);font-kerning:normal;overflow-wrap:break-word}
    a{color:var(--accent);text-underline-offset:.15em}
    .skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:.5rem;background:var(--bg);padding:.25rem .5rem}
    .topbar{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:center;justify-content:space-between;max-width:66rem;margin:0 auto;padding:.75rem 1.25rem;font-size:.9rem;color:var(--muted);border-bottom:1px solid var(--border)}
    .topbar a{text-decoration:none}
    .page{max-width:46rem;margin:0 auto;padding:0 1.25rem 2rem}
    main{min-width:0}
    h1,h2,h3,h4,h5,h6{line-height:1.25;margin:2rem 0 .75rem;font-weight:650;letter-spacing:-.01em}
    h1{font-size:2.1rem;margin-top:1.5rem}h2{font-size:1.5rem;padding-bottom:.2rem;border-bottom:1px solid var(--border)}h3{font-size:1.2rem}h4{font-size:1.05rem}
    :target{scroll-margin-top:1rem}
    p,ul,ol,blockquote{margin:0 0 1rem}
    blockquote{margin-left:0;padding-left:1rem;border-left:3px solid var(--border);color:var(--muted)}
    hr{border:0;border-top:1px solid var(--border);margin:2rem 0}
    img{max-width:100%}
    code,pre,kbd,samp{font-family:var(--mono)}
    :not(pre)>code{font-size:.88em;background:var(--faint);padding:.1em .3em;border-radius:4px}
    pre{font-size:.85rem;line-height:1.5;background:var(--code-bg);border:1px solid var(--border);border-radius:6px;padding:.7rem .9rem;margin:0 0 1rem;overflow-x:auto;tab-size:2}
    code .kw{color:var(--kw);font-weight:600}code .str{color:var(--str)}code .esc{color:var(--esc)}code .num{color:var(--num)}code .com{color:var(--com);font-style:italic}code .typ{color:var(--typ)}code .attr,code .dir{color:var(--attr)}
    .cell{margin:1.5rem 0}
    .exercise-head{font-weight:650;font-size:.9rem;margin:0 0 .3rem;color:var(--accent)}
    .cell>pre,.cell>details>pre{margin-bottom:.5rem}
    details.code-fold>summary{cursor:pointer;font-size:.85rem;color:var(--muted);margin-bottom:.4rem;width:max-content}
    .output{margin:.5rem 0;padding-left:.9rem;border-left:3px solid var(--border)}
    .output>pre{background:var(--out-bg);border:0;padding:.2rem 0;margin:.25rem 0 .5rem;white-space:pre-wrap}
    .output>pre.stderr{color:var(--warn)}
    .shown .label{color:var(--muted)}
    .cell-meta{display:flex;flex-wrap:wrap;gap:.15rem .9rem;font-size:.78rem;color:var(--muted);margin:.2rem 0 0}
    .cell-meta a{color:inherit;text-decoration:none}.cell-meta a:hover{text-decoration:underline}
    .table-wrap{overflow-x:auto;margin:.5rem 0 1rem}
    table{border-collapse:collapse;font-size:.9rem;font-variant-numeric:tabular-nums}
    th,td{padding:.3rem .8rem;border-bottom:1px solid var(--border);text-align:left;vertical-align:top}
    th{border-bottom:2px solid var(--border);font-weight:600}
    td.num,th.num{text-align:right}
    td.num,td.nowrap{white-space:nowrap}
    caption{caption-side:top;text-align:left;font-size:.85rem;color:var(--muted);padding-bottom:.3rem}
    figure{margin:1rem 0 1.5rem}
    figure svg{display:block;max-width:100%;height:auto;margin:0 auto}
    figure.plot{container-type:inline-size}
    @container (max-width:539.98px){figure.plot svg.tb-wide{display:none}}
    @container (min-width:540px){figure.plot svg.tb-narrow{display:none}}
    figcaption{font-size:.88rem;color:var(--muted);text-align:center;margin-top:.4rem}
    .check{display:flex;flex-wrap:wrap;align-items:baseline;gap:.2rem .6rem;border:1px solid var(--pass);border-left-width:4px;border-radius:6px;background:var(--pass-bg);padding:.45rem .8rem;margin:.5rem 0;font-size:.95rem}
    .check.fail{border-color:var(--fail);background:var(--fail-bg)}
    .check .badge{font:700 .75rem/1.6 var(--sans);text-transform:uppercase;letter-spacing:.05em;color:var(--pass)}
    .check.fail .badge{color:var(--fail)}
    .check.unenforced{border-style:dashed;opacity:.85}.check.unenforced .badge{color:inherit}
    .check .measured{font:.82rem var(--mono);color:var(--muted)}
    .check .where{margin-left:auto;font:.78rem var(--mono);color:var(--muted)}
    .failure,.error-panel{border:1px solid var(--fail);border-left-width:4px;border-radius:6px;background:var(--fail-bg);margin:.75rem 0;overflow:hidden}
    .failure{padding:.6rem .9rem;font:.9rem/1.5 var(--mono);white-space:pre-wrap}
    .error-panel .error-head{padding:.4rem .9rem 0;font-weight:600;font-size:.9rem;color:var(--fail)}
    .error-panel pre{margin:0;border:0;border-radius:0;background:transparent;white-space:pre-wrap}
    .error-panel details{padding:0 .9rem .5rem}.error-panel summary{cursor:pointer;font-size:.8rem;color:var(--muted)}
    .error-panel details pre{padding:.3rem 0;font-size:.75rem;color:var(--muted)}
    .error-panel.expected{border-color:var(--warn);background:var(--warn-bg)}.error-panel.expected .error-head{color:var(--warn)}
    .inline-value{font-variant-numeric:tabular-nums}
    .inline-value.missing{color:var(--fail);font-weight:600}
    .math.display{display:block;overflow-x:auto;overflow-y:hidden;margin:1rem 0;text-align:center}
    .math.display>.katex-display{margin:0}
    .math-error{color:var(--fail)}
    .status{font-size:.85rem;white-space:nowrap}
    .status.pass{color:var(--pass)}.status.fail{color:var(--fail)}.status.none{color:var(--muted)}
    .toc{font-size:.9rem;border:1px solid var(--border);border-radius:6px;padding:.6rem 1rem;margin:1.5rem 0}
    .toc .toc-title{font-weight:650;margin:0 0 .3rem}
    .toc ol{list-style:none;margin:0;padding:0}.toc ol ol{padding-left:1rem}
    .toc li{margin:.15rem 0}.toc a{color:var(--muted);text-decoration:none}.toc a:hover{color:var(--accent)}
    .pager{display:flex;flex-wrap:wrap;gap:1rem;justify-content:space-between;margin:3rem 0 1rem;padding-top:1rem;border-top:1px solid var(--border)}
    .pager a{flex:1 1 14rem;max-width:100%;border:1px solid var(--border);border-radius:6px;padding:.6rem .9rem;text-decoration:none}
    .pager a:hover{border-color:var(--accent)}
    .pager .dir{display:block;font-size:.8rem;color:var(--muted)}
    .pager .next{text-align:right}
    .facts{margin-top:2rem;padding-top:.75rem;border-top:1px solid var(--border);font-size:.8rem;color:var(--muted)}
    .facts>summary{cursor:pointer;font-size:.95rem;font-weight:600;margin:.25rem 0 .75rem;width:max-content}
    .facts dl{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.15rem 1rem;margin:0 0 .75rem}
    .facts dt{font-weight:600}.facts dd{margin:0}.facts code{font-size:.95em;word-break:break-all}
    .facts table{font-size:.78rem}.facts th,.facts td{padding:.15rem .6rem}
    .lessons{list-style:none;padding:0;counter-reset:lesson}
    .lessons>li{counter-increment:lesson;border:1px solid var(--border);border-radius:8px;padding:.8rem 1rem;margin:0 0 .8rem}
    .lessons .lesson-head{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:baseline;justify-content:space-between}
    .lessons .lesson-title{font-size:1.1rem;font-weight:650;text-decoration:none}
    .lessons .lesson-title::before{content:counter(lesson) ". ";color:var(--muted)}
    .lessons .summary{margin:.35rem 0 0;color:var(--fg)}
    @media (min-width:72rem){.page.with-toc{display:grid;grid-template-columns:14rem minmax(0,46rem);column-gap:3rem;max-width:66rem}
    .page.with-toc>.toc{position:sticky;top:1rem;align-self:start;max-height:calc(100vh - 2rem);overflow:auto;border:0;padding:0;margin-top:2.2rem}}
    @media (max-width:36rem){body{font-size:1rem}h1{font-size:1.7rem}h2{font-size:1.3rem}.page{padding:0 .9rem 2rem}pre{font-size:.8rem}.check .where{margin-left:0}}
    @page{size:A4;margin:16mm 15mm 18mm;@bottom-right{content:counter(page) " / " counter(pages);font:9pt system-ui,sans-serif;color:#555}}
    @media print{:root{--bg:#fff;--fg:#000;--muted:#444;--faint:#f3f3f3;--border:#bbb;--accent:#000;--code-bg:#f7f7f7;--out-bg:#fff;--pass:#145c2f;--pass-bg:#fff;--fail:#9b1c13;--fail-bg:#fff;--warn:#6b4400;--warn-bg:#fff;--kw:#000;--str:#333;--num:#000;--com:#555;--typ:#000;--attr:#000;--esc:#333}
    body{font-size:10.5pt;line-height:1.45}.topbar,.toc,.pager,.skip,.facts,.cell-meta,details.code-fold{display:none}.page,.page.with-toc{display:block;max-width:none;padding:0}
    figure.plot{break-inside:avoid;page-break-inside:avoid}figure svg{max-height:7.5cm;width:auto}
    pre{white-space:pre-wrap;border-color:#ccc}figure,.check,.error-panel,.failure{break-inside:avoid}h1,h2,h3,h4{break-after:avoid}tr{break-inside:avoid}.table-wrap{break-inside:avoid}
    .table-wrap{overflow:visible}table{font-size:8pt}th,td{padding:.1rem .4rem}.cell{margin:.6rem 0}figure{margin:.4rem 0 .6rem}
    main a[href^="http"]::after{content:" (" attr(href) ")";font-size:.85em}}
    """
}
