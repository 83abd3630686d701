//! Closed vocabularies (roles, entry kinds, reflection models…) written as
//! enums with one stable spelling each, parsed with an error that lists the
//! choices.

/// Declares an enum whose variants have one stable kebab-case spelling, used
/// in the ops log, the CLI and the IPC contract alike. The crate using it needs `serde`.
///
/// `parse` answers this crate's [`Error`](crate::Error); a crate with its own error type that
/// converts from it names that type first (`vocabulary!(error: crate::Error, Role, …)`), so its
/// vocabularies answer its own errors.
#[macro_export]
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $what:literal, { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $crate::vocabulary!(error: $crate::Error, $(#[$meta])* $name, $what, { $($(#[$vmeta])* $variant => $text),+ });
    };
    (error: $err:path, $(#[$meta:meta])* $name:ident, $what:literal, { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable spelling.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// Parses a value given by a person for `field`.
            pub fn parse(field: &str, s: &str) -> std::result::Result<Self, $err> {
                let t = s.trim().to_lowercase().replace('_', "-");
                match t.as_str() {
                    $($text => Ok($name::$variant),)+
                    _ => Err(<$err>::from($crate::Error::invalid(
                        field,
                        format!(
                            "\"{}\" is not a known {}; choose one of: {}",
                            $crate::ids::shorten(s),
                            $what,
                            [$($text),+].join(", ")
                        ),
                    ))),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $err;
            fn from_str(s: &str) -> std::result::Result<Self, $err> {
                $name::parse($what, s)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                $name::parse($what, &s).map_err(serde::de::Error::custom)
            }
        }
    };
}
