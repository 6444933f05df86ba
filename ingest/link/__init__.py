"""The link stage: resolve what extraction found against the vocabularies (regions, agency types with the 2018
reform, award programmes and designations, industries, indicators, policy instruments)."""
