"""A report as one self-contained HTML file (images embedded as base64 PNG) or a PDF (matplotlib's PdfPages).

Numbers carry a ``class`` in the HTML (``test-acc``, ``per-class``, ``confusion``) so scripts can read them back.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Callable
from pathlib import Path

import matplotlib.image as mpimg
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from cnnlab.cli_format import percent
from cnnlab.engine.checkpoint import write_atomically
from cnnlab.errors import StorageError, UserError, write_failure
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.report.content import ReportContent, build_report
from cnnlab.report.figures import font

FORMATS = (".html", ".pdf")
A4 = (8.27, 11.69)  # inches: the paper a student hands in

STYLE = """body{font-family:"Noto Sans","Noto Sans CJK SC","Microsoft YaHei",sans-serif;max-width:980px;margin:2em auto;
color:#222;line-height:1.45}h1{margin-bottom:.2em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.6em}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}
td.num{text-align:right}img{max-width:100%}.note{color:#555}.big{font-size:1.3em;font-weight:bold}"""


def _img(data: bytes, alt: str, key: str) -> str:
    return (f'<img class="figure" id="fig-{key}" alt="{html.escape(alt)}" '
            f'src="data:image/png;base64,{base64.b64encode(data).decode("ascii")}">')


def _row(cells: list[str], cls: str = "", header: bool = False) -> str:
    tag = "th" if header else "td"
    attr = f' class="{cls}"' if cls else ""
    return f"<tr{attr}>" + "".join(f"<{tag}>{c}</{tag}>" for c in cells) + "</tr>"


def _book_text(c: ReportContent) -> str:
    t = c.t
    if c.book is None:
        return t["book_none"]
    line = t["book_line"].format(section=c.book.section, acc=percent(c.book.acc))
    return line + (f" ({html.escape(c.book.note)})" if c.book.note else "")


def html_report(c: ReportContent) -> str:
    """The whole report as one HTML document."""
    return _document(c, f"{c.t['title']} — {c.label}", _body(c))


def pair_html_report(a: ReportContent, b: ReportContent) -> str:
    """Two runs' reports in one HTML document, A's then B's, as the window's comparison pairs them."""
    return _document(a, f"{a.t['title']} — A: {a.label} · B: {b.label}", _body(a, "A: ") + "\n" + _body(b, "B: "))


def _document(c: ReportContent, title: str, body: str) -> str:
    e = html.escape
    return (f'<!DOCTYPE html><html lang="{c.lang.replace("_", "-")}"><head><meta charset="utf-8">\n'
            f"<title>{e(title)}</title><style>{STYLE}</style></head><body>\n{body}\n</body></html>\n")


def _body(c: ReportContent, mark: str = "") -> str:
    """One run's report, headed "``mark``Training report" (``mark``: "A: " or "B: " in a pair's report)."""
    t, r, e = c.t, c.results, html.escape
    parts = [f"<h1>{e(mark + t['title'])}</h1><p>{e(c.label)}<br>{e(t['folder'])}: <code>{e(str(c.run_dir))}</code><br>"
             f"{e(t['status'])}: {e(c.status)}</p>",
             f"<h2>{e(t['results'])}</h2><table>",
             _row([e(t["test_acc"]), f'<span class="big">{percent(r.get("test_acc"))}</span>'], "test-acc"),
             _row([e(t["test_loss"]), "-" if r.get("test_loss") is None else f"{r['test_loss']:.4f}"], "test-loss"),
             _row([e(t["val_acc"]), percent(r.get("val_acc"))], "val-acc"),
             _row([e(t["epochs_done"]), str(r.get("epochs_done", "-"))], "epochs-done"),
             _row([e(t["train_seconds"]), "-" if r.get("train_seconds") is None else f"{r['train_seconds']:.1f}"],
                  "train-seconds"),
             _row([e(t["book"]), e(_book_text(c)) if c.book is None else _book_text(c)], "book"),
             "</table>",
             f"<h2>{e(t['settings'])}</h2><table>", _row([e(t["setting"]), e(t["value"])], header=True),
             *(_row([e(k), e(v)], "setting") for k, v in c.config), "</table>",
             f"<h2>{e(t['curves'])}</h2>", _img(c.figures["curves"], t["curves"], "curves"),
             f"<h2>{e(t['per_class'])}</h2><table>",
             _row([e(t["class"]), e(t["images"]), e(t["right"]), e(t["accuracy"])], header=True)]
    for name, n, right in zip(c.classes, c.per_class_n, c.per_class_right, strict=True):
        parts.append(_row([e(name), str(n), str(right), percent(right / n if n else None)], "per-class"))
    parts += [f"</table><h2>{e(t['confusion'])}</h2><p class='note'>{e(t['confusion_note'])}</p><table>",
              _row(["", *(e(k) for k in c.classes)], header=True)]
    for name, row in zip(c.classes, c.confusion, strict=True):
        parts.append(_row([f"<b>{e(name)}</b>", *(str(int(v)) for v in row)], "confusion"))
    parts += ["</table>", _img(c.figures["confusion"], t["confusion"], "confusion"), f"<h2>{e(t['mistakes'])}</h2>"]
    if c.mistakes:
        parts += [f"<p class='note'>{e(t['mistakes_note'].format(shown=len(c.mistakes), wrong=c.wrong))}</p>",
                  _img(c.figures["mistakes"], t["mistakes"], "mistakes")]
    else:
        parts.append(f"<p>{e(t['mistakes_none'])}</p>")
    parts.append(f"<h2>{e(t['kernels'])}</h2>")
    if c.kernel_layer:
        note = t["kernels_note"].format(layer=c.kernel_layer, count=c.kernel_count, size=c.kernel_size)
        parts += [f"<p class='note'>{e(note)}</p>", _img(c.figures["kernels"], t["kernels"], "kernels")]
    else:
        parts.append(f"<p>{e(t['kernels_none'])}</p>")
    parts.append(f"<p class='note'>{e(c.made)}</p>")
    return "\n".join(parts)


def _page(title: str, lang: str) -> Figure:
    fig = Figure(figsize=A4)
    fig.text(0.06, 0.96, title, fontsize=16, weight="bold", va="top", **font(lang))
    return fig


def _image_page(title: str, note: str, data: bytes, lang: str) -> Figure:
    fig = _page(title, lang)
    if note:
        fig.text(0.06, 0.925, note, fontsize=9, va="top", color="#555", wrap=True, **font(lang))
    img = mpimg.imread(io.BytesIO(data), format="png")
    h, w = img.shape[:2]
    width = 0.88
    height = min(0.8, width * h / w * A4[0] / A4[1])
    ax = fig.add_axes((0.06, 0.9 - height, width, height))
    ax.imshow(img)
    ax.axis("off")
    return fig


def pdf_pages(c: ReportContent) -> list[Figure]:
    """One page each: summary and settings, curves, per-class accuracy and confusion, mistakes, kernels."""
    t, r, f = c.t, c.results, font(c.lang)
    first = _page(t["title"], c.lang)
    lines = [c.label, f"{t['status']}: {c.status}", "",
             f"{t['test_acc']}: {percent(r.get('test_acc'))}",
             f"{t['test_loss']}: {'-' if r.get('test_loss') is None else format(r['test_loss'], '.4f')}",
             f"{t['val_acc']}: {percent(r.get('val_acc'))}", f"{t['epochs_done']}: {r.get('epochs_done', '-')}",
             f"{t['book']}: {_book_text(c)}", "", t["settings"] + ":",
             *(f"    {k}: {v}" for k, v in c.config), "", c.made]
    first.text(0.06, 0.92, "\n".join(lines), fontsize=9.5, va="top", linespacing=1.5, **f)
    pages = [first, _image_page(t["curves"], "", c.figures["curves"], c.lang)]
    table = _page(t["per_class"], c.lang)
    rows = [f"{name}: {right}/{n} = {percent(right / n if n else None)}"
            for name, n, right in zip(c.classes, c.per_class_n, c.per_class_right, strict=True)]
    table.text(0.06, 0.92, "\n".join(rows), fontsize=9.5, va="top", linespacing=1.5, **f)
    img = mpimg.imread(io.BytesIO(c.figures["confusion"]), format="png")
    ax = table.add_axes((0.15, 0.05, 0.7, 0.55))
    ax.imshow(img)
    ax.axis("off")
    table.text(0.06, 0.62, f"{t['confusion']}: {t['confusion_note']}", fontsize=10, **f)
    pages.append(table)
    if c.mistakes:
        pages.append(_image_page(t["mistakes"], t["mistakes_note"].format(shown=len(c.mistakes), wrong=c.wrong),
                                 c.figures["mistakes"], c.lang))
    if c.kernel_layer:
        note = t["kernels_note"].format(layer=c.kernel_layer, count=c.kernel_count, size=c.kernel_size)
        pages.append(_image_page(t["kernels"], note, c.figures["kernels"], c.lang))
    return pages


def write_report(run_dir: str | Path, out: str | Path | None = None, lang: str = "en") -> Path:
    """Write the report of ``run_dir`` to ``out`` (.html or .pdf; default ``report.html`` in the run folder)."""
    target = _target(Path(out).expanduser() if out else Path(run_dir).expanduser() / "report.html")
    content = build_report(run_dir, lang)
    return _write(target, lambda: html_report(content), lambda: pdf_pages(content))


def write_pair_report(run_a: str | Path, run_b: str | Path, out: str | Path, lang: str = "en") -> Path:
    """Write both runs' reports, A's then B's, to ``out`` (.html or .pdf): the pair the window compares."""
    target = _target(Path(out).expanduser())
    a, b = build_report(run_a, lang), build_report(run_b, lang)
    return _write(target, lambda: pair_html_report(a, b), lambda: [*pdf_pages(a), *pdf_pages(b)])


def _target(target: Path) -> Path:
    """``target`` when a report can be written there; else one sentence saying why not."""
    if target.suffix.lower() not in FORMATS:
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "A report is written as .html or .pdf, not {suffix} "
                                                         "({file})."),
                        suffix=target.suffix or 'a file without a suffix', file=target.name)
    if target.is_dir():
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "{path} is a folder; give the report's file name, "
                                                         "ending in .html or .pdf."),
                        path=target)
    return target


def _write(target: Path, page: Callable[[], str], pages: Callable[[], list[Figure]]) -> Path:
    """The HTML ``page()`` or, for a .pdf ``target``, the PDF ``pages()``, written whole or not at all."""
    try:
        if target.suffix.lower() == ".html":
            data = page().encode("utf-8")
            write_atomically(target, lambda fh: fh.write(data))
        else:
            def write_pdf(fh: object) -> None:
                with PdfPages(fh) as pdf:  # a binary file object works
                    for figure in pages():
                        pdf.savefig(figure)
            write_atomically(target, write_pdf)
    except OSError as e:
        raise StorageError(QT_TRANSLATE_NOOP("CoreMessage", "{failure}, so the report was not saved."),
                           failure=write_failure(e, target)) from None
    return target
