/** The ontology's definition lives in src/core/ontology/; this keeps the model's import path. */
export { findClass, type Ontology, type OntologyClass } from '../ontology/schema';
