-- Prefix search on pinyin initials (`hw` → 华为…) reads a btree in order, like full pinyin.
CREATE INDEX customers_name_initials_prefix ON customers (name_initials text_pattern_ops);
