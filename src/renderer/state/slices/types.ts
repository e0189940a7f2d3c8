import type { StateCreator } from 'zustand';
import type { ViewState } from '../viewStore';

/** A slice of the view store: its fields and the actions that change them (actions may reach across slices). */
export type Slice<T> = StateCreator<ViewState, [], [], T>;
