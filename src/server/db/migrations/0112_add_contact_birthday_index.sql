-- REL-8: a non-sensitive month-day index of contacts' birth dates ('MM-DD', no year), so the care
-- list of upcoming birthdays never decrypts birth dates in bulk: the sealed birth_date stays the
-- record (read per contact through the privacy module), birth_md only says which day to greet.
-- Written by sealContactColumns with the birth date; rows sealed before this migration get it on
-- their next write (their month-day cannot be computed in SQL).
ALTER TABLE contacts ADD COLUMN birth_md text CHECK (birth_md ~ '^\d{2}-\d{2}$');
CREATE INDEX contacts_birth_md_idx ON contacts (birth_md) WHERE birth_md IS NOT NULL;
