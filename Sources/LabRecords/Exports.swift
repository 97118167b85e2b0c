// SHA-256 and canonical JSON live in the Canonical module, shared with Lottery's result store.
@_exported import Canonical
