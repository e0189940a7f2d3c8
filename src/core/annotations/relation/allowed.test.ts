import { describe, expect, it } from 'vitest';
import { testOntology } from '../../ontology/testOntology';
import { allowedPredicates, relationRefusal } from './allowed';

const ontology = testOntology({
  relations: [
    { predicate: 'follows', subjectClasses: ['vehicle'], objectClasses: ['vehicle'] },
    { predicate: 'crosses_in_front_of', name: 'crosses in front of', subjectClasses: ['pedestrian'], objectClasses: ['car', 'truck'] },
  ],
});

describe('relations the ontology allows', () => {
  it('allows a subclass where its parent is named, and lists only the predicates that fit both ends', () => {
    expect(relationRefusal(ontology, 'follows', 'car', 'truck')).toBeNull();
    expect(allowedPredicates(ontology, 'car', 'truck').map((r) => r.predicate)).toEqual(['follows']);
    expect(allowedPredicates(ontology, 'pedestrian', 'car').map((r) => r.predicate)).toEqual(['crosses_in_front_of']);
    expect(allowedPredicates(ontology, 'pedestrian', 'pedestrian')).toEqual([]);
  });

  it('refuses a disallowed subject or object class, naming the classes the predicate takes', () => {
    expect(relationRefusal(ontology, 'follows', 'pedestrian', 'car')).toBe('"follows" takes a Vehicle as its subject, not a Pedestrian');
    expect(relationRefusal(ontology, 'crosses_in_front_of', 'pedestrian', 'pedestrian')).toBe(
      '"crosses in front of" takes a Car or Truck as its object, not a Pedestrian',
    );
    expect(relationRefusal(ontology, 'overtakes', 'car', 'car')).toBe('the ontology has no relation "overtakes"');
  });
});
