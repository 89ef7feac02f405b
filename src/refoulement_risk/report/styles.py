"""The case-file report's stylesheet: screen, print and WeasyPrint's PDF.

No page size is set here: a browser prints on the paper its user chose (A4 or Letter), and
the PDF renderer adds ``@page { size: A4 }`` or ``letter`` itself.

Contrast: text #1b1b1b and #4a4a4a on white, links #0b4f8a (all above WCAG 2.2 AA's 4.5:1).
"""

from __future__ import annotations

__all__ = ["REPORT_CSS"]

REPORT_CSS = """
:root { --fg: #1b1b1b; --muted: #4a4a4a; --line: #b8b8b8; --link: #0b4f8a; --warn: #8a1c00; }
* { box-sizing: border-box; }
body { font: 11pt/1.45 "DejaVu Sans", system-ui, sans-serif; color: var(--fg); margin: 0 auto;
       max-width: 50rem; padding: 1rem; overflow-wrap: anywhere; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; border-bottom: 2px solid var(--fg); margin: 1.4rem 0 .5rem;
     break-after: avoid; }
h3 { font-size: 1.05rem; margin: 1rem 0 .25rem; break-after: avoid; }
a { color: var(--link); }
.muted, .meta { color: var(--muted); }
.gaps { border: 3px solid var(--warn); padding: .5rem 1rem; margin: 1rem 0; }
.gaps h2 { border: 0; margin-top: .25rem; color: var(--warn); }
.result { display: flex; flex-wrap: wrap; gap: 1rem; }
.risk { border: 2px solid var(--fg); padding: .5rem 1rem; flex: 1 1 14rem; }
.risk .score { font-size: 1.6rem; font-weight: 700; margin: 0; }
.meter { height: .6rem; border: 1px solid var(--fg); margin: .25rem 0; }
.meter span { display: block; height: 100%; background: var(--fg); }
table.facts { border-collapse: collapse; width: 100%; }
table.facts th, table.facts td { border-bottom: 1px solid var(--line); padding: .2rem .4rem;
                                 text-align: left; vertical-align: top; }
table.facts th { width: 40%; font-weight: 600; }
.card { border: 1px solid var(--line); border-left: 4px solid var(--fg); padding: .4rem .8rem;
        margin: .6rem 0; break-inside: avoid; }
.card h3 { margin-top: .2rem; }
.points { font-weight: 700; }
ul.sources { padding-left: 1.1rem; margin: .2rem 0; font-size: .92em; }
details.tech { font-size: .85em; color: var(--muted); }
.disclaimer { border-left: 4px solid var(--fg); padding-left: .75rem; font-style: italic; }
.print-only { display: none; }
@page { margin: 18mm 16mm 20mm;
        @bottom-center { content: "Page " counter(page) " of " counter(pages);
                         font-size: 9pt; color: #4a4a4a; } }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  .no-print { display: none !important; }
  .print-only { display: block; }
  a { color: var(--fg); text-decoration: none; }
  a[href^="http"]::after { content: " <" attr(href) ">"; font-size: .8em; color: #4a4a4a; }
  details.tech > *:not(summary) { display: block; }
  details.tech { display: block; }
}
"""
