/** The matching engine: pure, plain data in and out (DESIGN.md, "Matching rules"). */
export * from './types';
export { match, assign } from './match';
export { prepare, RELEVANCE_THRESHOLD, COUNTY_FIT_RATIO, TEXT_WEIGHT, FORM_WEIGHT, type Prepared } from './candidates';
export { validateProblem, ProblemError, type ProblemIssue } from './validate';
export { GENERIC_WORDS } from './text';
export { compileLexicon, lexiconFaults, mergeLexicons, type Lexicon, type LexiconConcept, type LexiconSynonym } from './lexicon';
export { findDuplicates, DUPLICATE_THRESHOLD, COMMON_THRESHOLD, type DuplicateDemand, type DuplicateOptions, type DuplicateReport, type DemandGroup, type DemandPair, type GroupMember } from './duplicates';
