/*
 * Who sees a person's whereabouts as family (docs/family-and-privacy.md). A viewer sees a person
 * when:
 *   - it is themselves;
 *   - they share a household and the person shows their whereabouts to the household, or the
 *     person is a minor and the viewer an adult (guardians always see minors);
 *   - the person designated them (accepted) and shows their whereabouts to designees.
 * Never transitively. The rules run inside the SQL that reads the family, so rows a viewer may not
 * see never leave the database: these are their pieces, as SQL predicates on a `residents` alias.
 * modules/family/family.queries.ts composes them in both directions (whom a viewer sees, who
 * watches a person); test/authz-matrix.test.ts holds the two to each other.
 */
export const familyVisibilitySql = {
  minor: (alias: string) => `(${alias}.birth_date > current_date - interval '18 years')`,
  adult: (alias: string) => `(${alias}.birth_date <= current_date - interval '18 years')`,
  showsHousehold: (alias: string) =>
    `${alias}.whereabouts_visibility IN ('household_and_designees', 'household')`,
  showsDesignees: (alias: string) =>
    `${alias}.whereabouts_visibility IN ('household_and_designees', 'designees')`,
};
