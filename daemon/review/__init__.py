"""The review station: an HTTPS web application where department staff check, correct,
approve and download their results. The server never decrypts a result: it keeps
ciphertext, accounts and signed ledger events (docs/review.md).

Modules: `rules` (who may do what, plain functions), `store` (the SQLite account store),
`people` and `factors` (accounts, enrolment and the login factors), `sessions`, `jobs`
(a job's review state), `outbox` (bundles, revisions and quarantine notices on disk),
`recipients` (the members' age recipients the OCR role reads), `terminals` (the local CA
for client certificates), `tls` (the server's TLS context), `app`, `pages`, `api`
(the web layer) and `station` (the role that serves it).
"""
