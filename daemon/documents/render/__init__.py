"""Documents for people, made from the ledger: the deletion certificate (HTML and PDF) and
the usage report for the privacy council (HTML). Functions take plain data and return the
document; nothing here reads files or the ledger."""
