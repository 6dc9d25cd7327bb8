"""Rights protection and legal aid (维权保障, issue 11): a seafarer's case, carried by the
union's legal workers to an outcome."""
