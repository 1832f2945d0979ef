import { createRouter, createWebHistory } from 'vue-router';
import { session } from './api';

/** One chunk per page: the township's pages stay light, and ECharts loads only with the dashboard. */
export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', redirect: '/login' },
    { path: '/login', component: () => import('./pages/Login.vue'), meta: { open: true } },
    // 查询办理进度: anyone with a tracking code, signed in or not (GET /track/CODE answers the JSON).
    { path: '/track/:code?', component: () => import('./pages/Track.vue'), meta: { open: true } },
    { path: '/township', component: () => import('./pages/Township.vue') },
    { path: '/department', component: () => import('./pages/Department.vue') },
    { path: '/dashboard', component: () => import('./pages/Dashboard.vue') },
    { path: '/desk', component: () => import('./pages/Desk.vue') },
    { path: '/supply', component: () => import('./pages/Supply.vue') },
    { path: '/admin', component: () => import('./pages/Admin.vue') },
    { path: '/wishes', component: () => import('./pages/Wishes.vue') },
    { path: '/pairing', component: () => import('./pages/Pairing.vue') },
    { path: '/commitments', component: () => import('./pages/Commitments.vue') },
    { path: '/meetings', component: () => import('./pages/Meetings.vue') },
    // GraphiQL, for developers; the server answers /explorer only outside production.
    { path: '/explorer', component: () => import('./pages/Explorer.vue'), meta: { open: true } },
    { path: '/:rest(.*)*', redirect: '/login' },
  ],
});

router.beforeEach((to) => (to.meta.open || session.token ? true : { path: '/login', query: { next: to.fullPath } }));
