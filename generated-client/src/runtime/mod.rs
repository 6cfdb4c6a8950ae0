//! Hand-written runtime used by the generated code.
