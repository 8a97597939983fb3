"""Form templates (帳票定義): align a scanned page to a template, read its fields.

`model` holds a template's plain data, `schema` checks a template file key by key,
`template` loads one, `align` maps a scan onto its reference image,
`ink` separates what was written from what was printed, `marks`, `fields` and `dates` read
the fields by kind, `page` puts those together for one page, `table` writes `fields.csv`,
`usage` names the personal-information categories read, and `preview` draws a template's
boxes for the ward staff who write templates (docs/forms.md).
"""
