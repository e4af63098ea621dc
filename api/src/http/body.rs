//! `Body<T>`: the JSON request body of every endpoint. Unlike `web::Json<T>` it refuses a body
//! that is not a JSON object — serde would otherwise read `[null, null]` as a struct whose
//! fields are all optional — and it names the failing field in the 400.

use std::future::Future;
use std::ops::Deref;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// A request body that was a JSON object and deserialised into `T`.
#[derive(Debug)]
pub struct Body<T>(pub T);

impl<T> Body<T> {
    /// The parsed body.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> Deref for Body<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Body<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let json = web::Json::<serde_json::Value>::from_request(req, payload);
        Box::pin(async move {
            let value = json.await?.into_inner();
            if !value.is_object() {
                return Err(ApiError::bad_request("the body must be a JSON object").into());
            }
            serde_json::from_value::<T>(value)
                .map(Body)
                .map_err(|err| ApiError::bad_request(format!("invalid body: {err}")).into())
        })
    }
}
