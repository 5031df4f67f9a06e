//! Hostile input (issue "Unbreakable under hostile and huge input"): see the module of this area.
