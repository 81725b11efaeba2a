// English strings for the projector screens (keys 'projector.*'). The German file beside it has the same keys.
export default {
};
