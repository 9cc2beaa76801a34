-- ANA-2: the managers' home page counts key and big customers not contacted for 90 days
-- (`GET /customers/count?tier=key&lastContactTo=…`). `tier` had only the list's sort index on its
-- CASE expression, which `tier = 'key'` cannot use, so each count read every archive (0.25–0.35 s
-- at 1M). Partial: only tiered archives are indexed (few in most companies; none before the first
-- tiering), and `tier = $1` implies `tier IS NOT NULL`, so the index serves the filter's plans.
CREATE INDEX customers_tier_idx ON customers (tier, id) WHERE tier IS NOT NULL;
