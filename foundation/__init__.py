"""The ground floor beneath every stage: what each stage needs and none owns.

Media types, safe image decoding, the SSRF guard for tenant-chosen URLs, the stored-files rollback
helper, the actor of CLI calls, the one service-error base the API renders, and the tenant as a
protocol. It imports nothing of the project but `audit` (the actor type); every stage may import it.
"""
