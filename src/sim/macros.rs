//! The few pieces every protocol's types share in shape, written once as macros: the fault verbs of an
//! action enum, a named-invariant enum, and a node id's string form in files.

/// Writes [`Protocol::verb`](crate::sim::Protocol::verb) and
/// [`Protocol::fault`](crate::sim::Protocol::fault) for an action enum whose fault variants are the
/// kit's: `Deliver(id)`, `Drop(id)`, `Duplicate(id)`, `Delay { id, by }`, `Crash(node)`,
/// `Recover(node)`, `Tick`. Every other variant is the protocol's own command.
#[macro_export]
macro_rules! fault_verbs {
    ($action:ident, $node:ty) => {
        fn verb(action: &$action) -> $crate::sim::Verb<$node> {
            use $crate::sim::Verb;
            match action {
                $action::Deliver(id) => Verb::Deliver(*id),
                $action::Drop(id) => Verb::Drop(*id),
                $action::Duplicate(id) => Verb::Duplicate(*id),
                $action::Delay { id, by } => Verb::Delay { id: *id, by: *by },
                $action::Crash(n) => Verb::Crash(*n),
                $action::Recover(n) => Verb::Recover(*n),
                $action::Tick => Verb::Tick,
                _ => Verb::Command,
            }
        }

        fn fault(verb: $crate::sim::Verb<$node>) -> Option<$action> {
            use $crate::sim::Verb;
            Some(match verb {
                Verb::Deliver(id) => $action::Deliver(id),
                Verb::Drop(id) => $action::Drop(id),
                Verb::Duplicate(id) => $action::Duplicate(id),
                Verb::Delay { id, by } => $action::Delay { id, by },
                Verb::Crash(n) => $action::Crash(n),
                Verb::Recover(n) => $action::Recover(n),
                Verb::Tick => $action::Tick,
                Verb::Command => return None,
            })
        }
    };
}

/// A protocol's named invariants: the enum (snake_case in JSON), `ALL` in checking order, and
/// [`Named`](crate::sim::Named) (`name` for files and the CLI, `title` for the safety panel), also as
/// inherent methods.
#[macro_export]
macro_rules! named_invariants {
    ($(#[$meta:meta])* pub enum $name:ident { $($variant:ident = ($snake:literal, $title:literal),)+ }) => {
        $(#[$meta])*
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash,
            serde::Serialize, serde::Deserialize,
        )]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The snake_case name used in JSON and by the CLI.
            pub fn name(self) -> &'static str {
                match self {
                    $($name::$variant => $snake,)+
                }
            }

            pub fn title(self) -> &'static str {
                match self {
                    $($name::$variant => $title,)+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }

        impl $crate::sim::Named for $name {
            fn name(self) -> &'static str {
                $name::name(self)
            }

            fn title(self) -> &'static str {
                $name::title(self)
            }
        }
    };
}

/// A node id written as its name in files ("A3", "U1"): `TryFrom<String>` through its `FromStr`, and
/// `From<id> for String` through its `Display`, for `#[serde(try_from = "String", into = "String")]`.
#[macro_export]
macro_rules! node_name_strings {
    ($node:ty) => {
        impl TryFrom<String> for $node {
            type Error = String;
            fn try_from(s: String) -> Result<Self, String> {
                s.parse()
            }
        }

        impl From<$node> for String {
            fn from(n: $node) -> String {
                n.to_string()
            }
        }
    };
}
