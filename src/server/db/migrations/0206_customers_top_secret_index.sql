-- REL-9 survey results of the readers who see every archive (the gm, the customer-service manager,
-- the marketing manager and director; issue 15's home pages, issue 16) at 1M customers: they may see
-- every customer but the top-secret ones, so their results read the range's responses and leave out
-- those of the few top-secret archives (access visibleHidden), found here, instead of opening each
-- response's customer.
CREATE INDEX customers_top_secret_idx ON customers (id) WHERE secrecy_level = 'top_secret';
